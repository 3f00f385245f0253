"""What the tests and the benchmarks share; no test module imports another, or bench/.

In-process, through the Flask test client:

* ``driver``: ``Driver`` creates people, ``As`` makes requests as one of them, ``Reply`` and
  ``assert_error`` (the one error shape);
* ``worlds``: the negotiations the API tests act in (``build_world``, ``open_process``), the
  co-facilitator's ``Pen`` on a working copy, ``publish_rev1``, ``snapshot``;
* ``clock``: the clock the tests move by hand;
* ``documents``: downloads, DOCX XML, Word's accept / reject all, the converters;
* ``expected_policy``: who may do what in which phase, as the domain wants it;
* ``strategies``: Hypothesis strategies for text in the six UN languages.
* ``lineage_truth``: successor tables made by hand (tests/data/lineage) and lineage scored
  on them (also by bench/fidelity.py).

Against a real server in a subprocess:

* ``servers``: ``accord serve`` on a free port, waiting until it answers, ``accord`` commands;
* ``databases``: the backends of the suite, fresh SQLite or PostgreSQL databases;
* ``negotiation``: a negotiation set up over HTTP, the amendments its delegates submit;
* ``liveclient``: the reference client of the live protocol (server/live/protocol.py);
* ``live``: the live tests' view of a server, clients opened on it, submissions;
* ``browser``: chromium, the demo server, axe-core checks and screenshots.

Around them: ``services`` (whether PostgreSQL and Redis answer: skip, or fail under
ACCORD_REQUIRE_SERVICES=1) and ``data`` (the repository and ../shared/data, with skip reasons).

Fixtures stay in the conftest.py files; they build on these modules.
"""
