"""`flask comments rerender`: store comments' HTML again after the renderer changed."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkplatform.contributions.services import comments as comment_services
from wijkplatform.core.commit import commit_or_exit
from wijkplatform.core.markdown import RENDERER_VERSION

comments_cli = AppGroup("comments", help="Maintain comments.")


@comments_cli.command("rerender")
@click.option("--batch", default=500, show_default=True, help="Comments per transaction.")
@click.option("--all", "everything", is_flag=True, help="Every comment, not only stale ones.")
def rerender_command(batch, everything):
    """Store the HTML of comments made by an older renderer (or none) again; run after
    raising core.markdown.RENDERER_VERSION. Pages render such comments on the fly until then."""
    ids = comment_services.stale_html_ids(everything=everything)
    total = len(ids)
    click.echo(f"{total} comments to render with renderer version {RENDERER_VERSION}.")
    done = 0
    for start in range(0, total, max(1, batch)):
        done += commit_or_exit(comment_services.rerender_comments, ids[start : start + batch])
        click.echo(f"  {done}/{total}")
    click.echo(
        f"Rendered {done} comments again; every comment now has renderer {RENDERER_VERSION}."
    )
