"""Services: one function per use case, each given a unit of work and primitives.

Roles are checked here, so no entry point can bypass them.
"""
