"""Measurement tools, run only on a developer's machine (never by the servers):
`bench` (`make bench`), `loadtest` (`make load`), `nlu_eval` and `simulate`
(`make eval`), `safety_eval` (`make safety-eval`), `report_docs` (writing
their figures into docs/). Their data sets are in heldout/, never trained on."""
