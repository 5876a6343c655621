--!strict
-- What a stand-in's calls cost the game server's CPU, which in a game is not Luau the game runs:
-- the service's side runs on Roblox's machines, the engine's side (checking and encoding values,
-- the request, suspending and resuming the calling thread) in the engine. The benchmark takes it
-- out of the library's share. A call is timed whole: its wall time, less the time its thread was
-- suspended (a network trip, a throttle queue: other threads run meanwhile) and the time the
-- game's own code ran inside it (an UpdateAsync transform). Written in Luau so that a call's
-- arguments and results (DataStore's GetAsync returns two) pass exactly.

export type ServiceClock = {
	seconds: number,
	time: <A..., R...>(self: ServiceClock, body: (A...) -> R..., A...) -> R...,
	exclude: (self: ServiceClock, seconds: number) -> (),
}

type Frame = { excluded: number }

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
	local frame: Frame = { excluded = 0 }
	open[thread] = frame
	local started = os.clock()
	local results = table.pack(pcall(body, ...))
	open[thread] = nil
	self.seconds += os.clock() - started - frame.excluded
	if not results[1] then
		error(results[2], 0)
	end
	return table.unpack(results, 2, results.n)
end

-- Leaves `seconds` of the running call out of its time: its thread was suspended, or the game's code ran.
function ServiceClock.exclude(self: any, seconds: number)
	local frame = self.open[coroutine.running()]
	if frame then
		frame.excluded += seconds
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
