"""DynamoDB repositories over the single table (see docs/data-model.md)."""
