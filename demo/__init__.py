"""Demo and benchmark data, kept out of the apps.

`demo/<app label>.py` has `seed(stdout)`, that app's part of `manage.py seed_demo`, run for each
project app in the app registry's order (dependencies first); `demo/scale.py` is the
province-sized generator behind `manage.py seed_scale` and `bench/`. Nothing in the apps
imports this package.
"""
