-- The Promise library's methods, each first calling `before` with the Promise it was called on.
-- Written in Luau because a method's arguments must reach it exactly as given, trailing nils
-- included (`andThenReturn(1, nil)` resolves with two values): a TypeScript rest parameter
-- compiles to a table, which loses them. With `chain` (promiseChain.lua), `andThen` and `catch`
-- with function handlers on a pending Promise return its Promise instead of the library's own
-- (`source()` says where the call was made).
return function(prototype, before, chain, source)
	local methods = {}
	for name, method in pairs(prototype) do
		if type(method) == "function" then
			methods[name] = function(promise, ...)
				before(promise)
				return method(promise, ...)
			end
		end
	end
	if chain then
		local function handler(value)
			return value == nil or type(value) == "function"
		end
		local andThen, catch = prototype.andThen, prototype.catch
		methods.andThen = function(promise, onResolved, onRejected)
			before(promise)
			if promise._status == "Started" and handler(onResolved) and handler(onRejected) then
				return chain(promise, source(), onResolved, onRejected)
			end
			return andThen(promise, onResolved, onRejected)
		end
		methods.catch = function(promise, onRejected)
			before(promise)
			if promise._status == "Started" and handler(onRejected) then
				return chain(promise, source(), nil, onRejected)
			end
			return catch(promise, onRejected)
		end
	end
	return methods
end
