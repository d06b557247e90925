from great_expectations.analytics.client import init, submit
