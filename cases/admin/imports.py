"""The admin's "导入文章": paste a report or give its URL, review every proposed
place, community, practice and figure in the article, then create the drafts.

Wired by ``SourceArticleAdmin.get_urls()`` (cases/admin.py) at
/admin/cases/sourcearticle/import/. Nothing is saved before the curator confirms.
"""

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from cases.importers import (
    MAX_TEXT_CHARS,
    ArticleMeta,
    ImportRejected,
    imported_origin,
    known_regions_from_db,
    parse_article,
    save_proposal,
    suggest_themes,
)
from cases.importers.fetching import FetchFailed, article_from_url, fetch_html
from cases.importers.highlight import marked_passages
from cases.importers.review import ReviewForms, SourceForm
from cases.models import SourceArticle

TOO_BIG = "提交的内容过大，请分篇导入（每篇不超过 20 万字）。"


def import_view(model_admin, request):
    """Step one (GET, or POST without ``review``) reads the report and shows the
    review; step two (POST with ``review``) saves what the curator kept."""
    context = {**model_admin.admin_site.each_context(request), "title": "导入文章"}
    context["opts"] = SourceArticle._meta
    try:
        data = request.POST if request.method == "POST" else None
        reviewing = data is not None and "review" in data
    except (RequestDataTooBig, TooManyFieldsSent):
        form = SourceForm()
        return _page(request, "import_article", context, form, [TOO_BIG])
    if reviewing:
        return _create(request, context, ReviewForms(data))
    form = SourceForm(data)
    if data is None or not form.is_valid():
        return _page(request, "import_article", context, form)
    try:
        proposal, meta = _read(form.cleaned_data)
    except (FetchFailed, ImportRejected) as error:
        return _page(request, "import_article", context, form, [str(error)])
    if not proposal.places:
        message = "未能在文章中识别出任何地点，无法生成案例草稿。"
        return _page(request, "import_article", context, form, [message])
    suggest_themes(proposal)
    review = ReviewForms(proposal=proposal, meta=meta)
    return _review(request, context, review, proposal)


def _read(data: dict):
    """The proposal and what is known of the article, from the pasted text or the
    URL; an origin imported before is refused here already."""
    title, origin, text = data["title"], data["origin"].strip(), data["text"]
    fetched = None
    if data["url"] and not text.strip():
        # The fetcher is looked up when called, so that tests can replace it.
        fetched = article_from_url(data["url"], fetch=lambda url: fetch_html(url))
        text, origin = fetched.text, origin or fetched.origin
        title = title or fetched.title
    if len(text) > MAX_TEXT_CHARS:
        raise ImportRejected(
            f"文章过长（{len(text)} 字），最多 {MAX_TEXT_CHARS} 字，请分篇导入。"
        )
    origin = origin or data["url"]
    if found := imported_origin(origin):
        raise ImportRejected(f"来源“{found}”已导入过，请勿重复导入。")
    proposal = parse_article(
        text, known_regions_from_db(), title, fetched and fetched.published_on
    )
    byline = proposal.byline
    meta = ArticleMeta(
        origin=origin,
        title=title or byline.title or origin,
        publication=(fetched and fetched.publication) or byline.publication,
        author=(fetched and fetched.author) or byline.author,
        published_on=(fetched and fetched.published_on) or byline.published_on,
    )
    return proposal, meta


def _create(request, context, review: ReviewForms):
    if not review.is_valid():
        errors = ["请修改下面标出的错误后再创建草稿。"]
        return _review(request, context, review, None, errors)
    proposal = review.to_proposal()
    try:
        created = save_proposal(proposal, review.meta())
    except ImportRejected as error:
        return _review(request, context, review, None, [str(error)])
    message = f"已导入文章，生成 {len(created)} 个案例草稿，请审核后再发布。"
    messages.success(request, message)
    changelist = reverse("admin:cases_case_changelist")
    return redirect(f"{changelist}?status__exact=draft")


def _review(request, context, review: ReviewForms, proposal, errors=()):
    if proposal is None:  # a bound review: show what the curator is reviewing
        text = review.article.data.get("article-text", "")
        proposal = parse_article(text, known_regions_from_db())
    context.update(
        review=review,
        passages=marked_passages(proposal),
        errors=list(errors),
        title="审核导入内容",
    )
    return TemplateResponse(request, "admin/cases/import_review.html", context)


def _page(request, name, context, form, errors=()):
    context.update(form=form, errors=[*errors, *form.non_field_errors()])
    return TemplateResponse(request, f"admin/cases/{name}.html", context)
