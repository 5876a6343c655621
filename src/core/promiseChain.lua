--!strict
-- The first `andThen` or `catch` on a Promise RankBridge made, without an executor thread. The
-- Promise library makes the Promise such a call returns with Promise.new's machinery: a coroutine
-- to run an executor that only queues two callbacks on the Promise it is called on (while that
-- one is pending), closures around it, and the coroutine closed a frame after it settles: 5 to 10
-- µs a call, more than the rest of a queued action's bookkeeping on the caller's side. This makes
-- the same Promise as that executor would leave it (the same fields, callbacks and cancellation
-- hook; its executor's thread one finished thread shared by all, as for RankBridge's own), for a
-- pending Promise only: one already settled runs the caller's handler at once, which the library's
-- own path does on a thread of its own. publicPromise.ts checks it against the library's at load.
-- Written in Luau so that handlers' arguments and results pass exactly, trailing nils included.

type Fields = { [string]: any }

-- `Promise`: the library's class; `consumers`: the metatable of its Promises' consumer sets.
return function(Promise: any, consumers: any, finishedThread: thread)
	local Error = Promise.Error
	local STARTED = Promise.Status.Started

	-- As the library's executor error handler: an error that is not a table becomes an Error.
	local function errorHandler(source: string)
		return function(err: any): any
			if type(err) == "table" then
				return err
			end
			return Error.new({
				error = err,
				kind = Error.Kind.ExecutionError,
				trace = debug.traceback(tostring(err), 2),
				context = "Promise created at:\n\n" .. source,
			})
		end
	end

	-- Runs a handler on what settled the first Promise, and settles the second with its outcome.
	local function advancer(source: string, handler: (...any) -> ...any, resolve: (...any) -> (), reject: (any) -> ())
		return function(...)
			local results = table.pack(xpcall(handler, errorHandler(source), ...))
			if results[1] then
				resolve(table.unpack(results, 2, results.n))
			else
				reject(results[2])
			end
		end
	end

	-- What `parent:_andThen(source, onResolved, onRejected)` returns while `parent` is pending.
	return function(parent: Fields, source: string, onResolved: any, onRejected: any): Fields
		parent._unhandledRejection = false
		local child: Fields = {
			_thread = finishedThread,
			_source = source,
			_status = STARTED,
			_valuesLength = -1,
			_unhandledRejection = true,
			_queuedResolve = {},
			_queuedReject = {},
			_queuedFinally = {},
			_parent = parent,
			_consumers = setmetatable({}, consumers),
		}
		parent._consumers[child] = true
		setmetatable(child, Promise)
		local function resolve(...)
			child:_resolve(...)
		end
		local function reject(...)
			child:_reject(...)
		end
		local resolved = if onResolved then advancer(source, onResolved, resolve, reject) else resolve
		local rejected = if onRejected then advancer(source, onRejected, resolve, reject) else reject
		table.insert(parent._queuedResolve, resolved)
		table.insert(parent._queuedReject, rejected)
		child._cancellationHook = function()
			if parent._status == STARTED then
				table.remove(parent._queuedResolve, table.find(parent._queuedResolve, resolved))
				table.remove(parent._queuedReject, table.find(parent._queuedReject, rejected))
			end
		end
		return child
	end
end
