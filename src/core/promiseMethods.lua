-- The Promise library's methods, each first calling `before` with the Promise it was called on.
-- Written in Luau because a method's arguments must reach it exactly as given, trailing nils
-- included (`andThenReturn(1, nil)` resolves with two values): a TypeScript rest parameter
-- compiles to a table, which loses them.
return function(prototype, before)
	local methods = {}
	for name, method in pairs(prototype) do
		if type(method) == "function" then
			methods[name] = function(promise, ...)
				before(promise)
				return method(promise, ...)
			end
		end
	end
	return methods
end
