"""Development tools, not part of the product: a synthetic corpus of 100,000 cases,
page and engine timings against plain-Django baselines (``make bench``), a load test
(``make loadtest``), profiles (``manage.py profile``), quality measures
(``measure_recall``, ``measure_importer``) and the map boundaries' build
(``make map``). Installed only while DEBUG is on; the product never imports them."""
