from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cases import search
from cases.filters import InitiativeFilter
from cases.models import Initiative, Practice, Region, SourceArticle
from cases.provenance import split_by_quotes

PAGE_SIZE = 20


def home(request):
    newest = Initiative.objects.published().for_listing()[:10]
    return render(request, "cases/home.html", {"newest": newest})


def initiative_list(request):
    filterset = InitiativeFilter(request.GET, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        context = {"filter": filterset}
        return render(request, "cases/initiative_list.html", context, status=400)
    results = filterset.qs
    page = Paginator(results.for_listing(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "terms": search.highlight_terms(filterset.form.cleaned_data.get("q") or ""),
        "theme_counts": results.theme_counts(),
        "province_counts": results.province_counts(),
    }
    return render(request, "cases/initiative_list.html", context)


def initiative_detail(request, pk):
    initiative = get_object_or_404(
        Initiative.objects.published().for_listing().prefetch_related("metrics", "sources"),
        pk=pk,
    )
    return render(request, "cases/initiative_detail.html", {"initiative": initiative})


def region_detail(request, pk):
    region = get_object_or_404(Region, pk=pk)
    initiatives = Initiative.objects.published().in_region(region).for_listing()
    context = {"region": region, "initiatives": initiatives}
    return render(request, "cases/region_detail.html", context)


def practice_detail(request, pk):
    practice = get_object_or_404(Practice, pk=pk)
    initiatives = practice.initiatives.published().for_listing()
    context = {"practice": practice, "initiatives": initiatives}
    return render(request, "cases/practice_detail.html", context)


def article_detail(request, pk):
    article = get_object_or_404(SourceArticle, pk=pk)
    metrics = article.metrics.filter(
        initiative__status=Initiative.Status.PUBLISHED
    ).select_related("initiative")
    passages = split_by_quotes(article.text, metrics)
    context = {"article": article, "passages": passages}
    return render(request, "cases/article_detail.html", context)
