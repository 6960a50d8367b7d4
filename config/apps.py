from django.contrib.staticfiles.apps import StaticFilesConfig as BaseStaticFilesConfig


class StaticFilesConfig(BaseStaticFilesConfig):
    """static/src holds the npm build of the vendored assets; it is never published."""

    ignore_patterns = [*BaseStaticFilesConfig.ignore_patterns, "src", ".gitignore", "README.md"]
