"""cipn-journal: a local-first journal for chemotherapy-induced peripheral neuropathy.

Nothing heavy is imported here: `cipn log` must start fast. `__version__` is read from the
package metadata on first use.
"""


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("cipn-journal")
        except PackageNotFoundError:  # running from a source tree that is not installed
            return "0+unknown"
    raise AttributeError(name)
