from django.contrib.staticfiles.finders import FileSystemFinder as BaseFileSystemFinder

# static/src holds the npm build of the vendored assets (and, after a local build, node_modules
# with the GDS Transport font): it is never published.
UNPUBLISHED = ["src", ".gitignore", "README.md"]


class FileSystemFinder(BaseFileSystemFinder):
    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNPUBLISHED])

    def find(self, path, find_all=False, **kwargs):
        if path.split("/", 1)[0] in UNPUBLISHED:
            return [] if find_all else None
        return super().find(path, find_all=find_all, **kwargs)
