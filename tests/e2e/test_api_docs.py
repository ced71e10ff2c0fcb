"""The API's documentation page works in a real browser under the site's CSP: Swagger UI from
the vendored files, the schema loaded, no violation, nothing fetched from elsewhere."""

from playwright.sync_api import expect


def test_the_api_docs_render_the_schema(watched_page, live_server):
    page = watched_page
    page.goto(live_server.url + "/api/v1/docs/")
    expect(page.get_by_role("heading", name="NSCL Portal API")).to_be_visible()
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/years/{year}/figures/")
    ).to_be_visible()
    # The security scheme is offered (Authorize with a bearer token).
    expect(page.locator("button.authorize")).to_be_visible()
