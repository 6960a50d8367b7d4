"""The person's own exports: the list, one export's state (refreshed by a link, no script) and
its download — each only for the person who asked (anyone else: 404)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from anchors.common.exportjobs.models import ExportJob
from anchors.common.pagination import paginate


def job_list(request):
    jobs = ExportJob.objects.filter(user=request.user)
    return render(request, "exports/job_list.html", {"page": paginate(request, jobs)})


def job_detail(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    return render(request, "exports/job_detail.html", {"job": job})


def job_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    if job.state != ExportJob.State.READY or not job.file:
        raise Http404
    name = job.file.name.rsplit("/", 1)[-1]
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
