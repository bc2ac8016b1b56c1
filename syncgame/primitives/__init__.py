"""The synchronization primitives level code uses, and everything that knows their types.

- `classes`: Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Barrier, Queue with
  CPython's semantics, free-running or under the game's scheduler;
- `context`: the hook through which a primitive finds the controlled run it belongs to;
- `registry`: one entry per primitive type (its class, its declaration rules);
- `declarations`: "Semaphore(2)" and "Condition(lock)" parsed and checked.

This package sits below `level`, `program` and `runtime`: it imports none of them.
"""
