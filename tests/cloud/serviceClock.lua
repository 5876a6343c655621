--!strict
-- What a stand-in's calls cost the game server's CPU, which in a game is not Luau the game runs:
-- the service's side runs on Roblox's machines, the engine's side (checking and encoding values,
-- the request, suspending and resuming the calling thread) in the engine. The benchmark takes it
-- out of the library's share. A call is timed whole: its wall time, less the time its thread was
-- suspended (a network trip, a throttle queue: other threads run meanwhile) and the time the
-- game's own code ran inside it (an UpdateAsync transform). Each stretch between suspensions is
-- counted when it ends, so a reading taken between two frames holds the work done before it.
-- Written in Luau so that a call's arguments and results (DataStore's GetAsync returns two) pass
-- exactly.

export type ServiceClock = {
	seconds: number,
	time: <A..., R...>(self: ServiceClock, body: (A...) -> R..., A...) -> R...,
	exclude: (self: ServiceClock, seconds: number) -> (),
	suspend: (self: ServiceClock) -> (),
	resumed: (self: ServiceClock, since: number) -> (),
}

-- A call under way: when its current stretch began, and what of it is not the stand-in's.
type Frame = { mark: number, excluded: number }

local ServiceClock = {}
ServiceClock.__index = ServiceClock

function ServiceClock.new(): ServiceClock
	-- Weak keys: a call whose thread is closed while it is suspended never ends.
	local open = setmetatable({}, { __mode = "k" })
	return setmetatable({ seconds = 0, open = open }, ServiceClock) :: any
end

-- Runs `body(...)` as one call, timed; a call made within another is part of it.
function ServiceClock.time(self: any, body: (...any) -> ...any, ...: any): ...any
	local thread = coroutine.running()
	local open: { [thread]: Frame } = self.open
	if open[thread] then
		return body(...)
	end
	local frame: Frame = { mark = os.clock(), excluded = 0 }
	open[thread] = frame
	local results = table.pack(pcall(body, ...))
	open[thread] = nil
	self.seconds += os.clock() - frame.mark - frame.excluded
	if not results[1] then
		error(results[2], 0)
	end
	return table.unpack(results, 2, results.n)
end

-- Leaves `seconds` of the running call out of its time: the game's own code ran.
function ServiceClock.exclude(self: any, seconds: number)
	local frame = self.open[coroutine.running()]
	if frame then
		frame.excluded += seconds
	end
end

-- The running call's thread is about to yield: what it did so far is counted now.
function ServiceClock.suspend(self: any)
	local frame = self.open[coroutine.running()]
	if frame then
		local now = os.clock()
		self.seconds += now - frame.mark - frame.excluded
		frame.mark = now
		frame.excluded = 0
	end
end

-- The running call's thread goes on; the engine began waking it at `since` (that counts).
function ServiceClock.resumed(self: any, since: number)
	local frame = self.open[coroutine.running()]
	if frame then
		frame.mark = since
	end
end

-- Times the named methods of a stand-in class as whole calls, on the clock `clockOf(object)` gives.
local function timeMethods(class: any, names: { string }, clockOf: (object: any) -> ServiceClock)
	for _, name in names do
		local method = class[name]
		assert(type(method) == "function", `no method {name} to time`)
		class[name] = function(object, ...)
			return clockOf(object):time(method, object, ...)
		end
	end
end

return { ServiceClock = ServiceClock, timeMethods = timeMethods }
