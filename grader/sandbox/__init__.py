"""The untrusted side and its boundary: the worker that imports learner code, the wire protocol, the fork server, the reaper.

Nothing here imports the judge, the views or the classroom."""
