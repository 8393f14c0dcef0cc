"""The cases app's pages, one module per audience: ``intake`` (the request journey),
``client`` (My requests, My data, deletion requests), ``staff`` (the advocate's caseload and
the case record)."""
