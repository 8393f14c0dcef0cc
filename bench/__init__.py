"""`make bench`: time pages server-side on a seeded synthetic data set.

    sizes.py       the data-set sizes (how many of each thing)
    data.py        the builders that make the data set, a registry run in order
    vocabulary.py  word lists for the synthetic directory's listings, per language and country
    database.py    the benchmark database: build it once per size, reuse it while it matches
    pages.py       the pages to time, a registry: URL, role, setup
    runner.py      sign in, warm up, time N requests per page, write var/bench/results.{json,md}

Run it with ``make bench SIZE=small|large`` or ``python -m bench --size small --requests 60``.
"""
