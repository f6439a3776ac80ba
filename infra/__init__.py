"""Deployment: the CloudFormation/SAM template merged by `chalice package`, and the build."""
