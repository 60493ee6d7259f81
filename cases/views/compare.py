from django.shortcuts import render

from cases import comparison


def compare(request):
    form = comparison.CompareForm(request.GET)
    if not form.is_valid():
        return render(request, "cases/compare.html", {"form": form}, status=400)
    sort = form.cleaned_data["sort"] or comparison.DEFAULT_SORT
    context = {"form": form, "sort": sort}
    if form.criteria:
        context["comparison"] = comparison.compare(**form.criteria, sort=sort)
    else:
        context["terms"] = comparison.common_terms()
    return render(request, "cases/compare.html", context)
