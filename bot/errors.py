"""Expected failures carry the text a user should see; anything else is a bug."""


class UserError(Exception):
    """Raised for bad input or a refused action; `str(err)` is shown to the person as is."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
