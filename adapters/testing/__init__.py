"""Protocol-level fakes of Slack and Discord, payload builders and the benches built on them.

For tests and `awstutor bench slack|discord|hostile` in a checkout: not part of the product.
The wheel and the container image leave this package out (pyproject.toml, .dockerignore).
"""
