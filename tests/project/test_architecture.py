"""Imports run one way (docs/architecture.md): each app imports only the apps below it.

The modules' import statements are read with `ast`, so a forbidden import fails here even when
no test happens to execute the line that holds it.
"""

import ast

import pytest

from tests.paths import PROJECT_ROOT

PROJECT_APPS = {
    "cms",
    "home",
    "blog",
    "editorial",
    "comments",
    "search",
    "pagecache",
    "accounts",
    "wordpress",
    "language",
    "demo",
}

# What each app must never import. demo (dev and test only) may import anything; nothing
# production installs may import demo.
FORBIDDEN = {
    "cms": {"wordpress", "demo"},
    "home": {"search", "wordpress", "demo"},
    "search": {"home", "wordpress", "demo"},
    "blog": {"home", "search", "wordpress", "demo"},
    "editorial": {"blog", "home", "search", "wordpress", "demo"},
    "comments": {"blog", "editorial", "home", "search", "wordpress", "demo"},
    # The page cache knows scopes and addresses, never what a page shows: the apps purge it.
    "pagecache": {"blog", "editorial", "comments", "home", "search", "wordpress", "demo"},
    # Staff sign-in reads addresses as the comments do (comments/client.py), nothing else.
    "accounts": {"blog", "editorial", "home", "search", "pagecache", "wordpress", "demo"},
    # The WordPress import brings content into blog, editorial and comments; nothing uses it.
    "wordpress": {"home", "search", "pagecache", "accounts", "demo"},
    # The language check reads any article (settings.KINSHIP_ARTICLE_MODEL) and knows no app:
    # blog marks its previews with it, editorial shows it in the review.
    "language": {
        "blog",
        "editorial",
        "comments",
        "home",
        "search",
        "pagecache",
        "accounts",
        "wordpress",
        "demo",
    },
}


def imported_modules(node, module):
    """The absolute names an Import or ImportFrom node brings in, relative ones resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.split(".")[: -node.level]
        base = ".".join(package + ([node.module] if node.module else []))
    else:
        base = node.module
    return [base] if node.module else [f"{base}.{alias.name}" for alias in node.names]


def in_app_ready(stack):
    """AppConfig.ready() is where Django wants side-effect imports (signal receivers)."""
    return any(isinstance(n, ast.FunctionDef) and n.name == "ready" for n in stack)


def import_problems(source, module):
    """Each import in `source` (the module named `module`) that breaks the rules."""
    app = module.split(".")[0]
    forbidden = FORBIDDEN.get(app, set())
    problems = []

    def visit(node, stack):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for name in imported_modules(node, module):
                target = name.split(".")[0]
                if target in forbidden:
                    problems.append(f"{module}:{node.lineno} imports {name}")
                elif target in PROJECT_APPS and stack and not in_app_ready(stack):
                    # An import inside a function is how a circle is dodged; there are none.
                    problems.append(f"{module}:{node.lineno} imports {name} inside a function")
        inner = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, [*stack, node] if inner else stack)

    visit(ast.parse(source), [])
    return problems


def project_modules():
    for app in sorted(PROJECT_APPS):
        for path in sorted((PROJECT_ROOT / app).rglob("*.py")):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def test_every_module_imports_only_what_its_app_may():
    problems = [
        problem
        for module, path in project_modules()
        for problem in import_problems(path.read_text(), module)
    ]
    assert problems == []


def test_the_walk_sees_every_app():
    apps = {module.split(".")[0] for module, _ in project_modules()}
    assert apps == PROJECT_APPS


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("comments.posting", "from blog.models import BlogPage"),
        ("comments.posting", "import blog.models"),
        ("comments.tree", "from editorial.models import ClinicalApproval"),
        ("editorial.reports", "from blog import models"),
        ("editorial.management.commands.publish_scheduled", "from ....blog import models"),
        ("blog.models", "from search.views import search"),
        ("home.models", "from demo.content import POSTS"),
        ("blog.models", "def f():\n    from comments.selectors import PENDING\n"),
        ("comments.views", "class V:\n    def get(self):\n        from . import posting\n"),
    ],
)
def test_a_forbidden_import_is_caught(module, source):
    assert len(import_problems(source, module)) == 1


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("blog.models", "from editorial.publish_rule import ClinicalReviewMixin"),
        ("blog.models", "from comments.selectors import PENDING"),
        ("editorial.roles", "from comments.permissions import MODERATORS"),
        ("comments.tree", "from .selectors import public_comments"),
        ("comments.tree", "from cms.articles import get_article_model"),
        ("search.views", "from blog.models import BlogPage"),
        ("demo.content", "from blog.models import BlogPage"),
        ("comments.apps", "class C:\n    def ready(self):\n        from . import signals\n"),
        ("blog.models", "def f():\n    from django.db import connection\n"),
    ],
)
def test_an_allowed_import_passes(module, source):
    assert import_problems(source, module) == []
