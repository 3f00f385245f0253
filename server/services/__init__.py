"""Use cases: load, authorise through the policy, call the core, persist, commit once,
then publish the events the change recorded."""
