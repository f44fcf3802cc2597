"""Stage 5, build: the pipeline that plans the sites, writes the docs folders, runs a builder on
each and swaps the site in (`pipeline.build`), and what it keeps between builds."""
