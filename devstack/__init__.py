"""The embedded local stack: moto in server mode, our resources, demo data, `chalice local`.

Developer tooling: it is not shipped to Lambda, and like tests and benchmarks it may use boto3
directly to provision what CloudFormation creates in a real stage.
"""
