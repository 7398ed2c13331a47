"""A bare view that writes a real CSRF token into its HTML, without never_cache."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path


def form_with_a_real_token(request):
    return HttpResponse(f'<form method="post"><input value="{get_token(request)}"></form>')


urlpatterns = [path("formulario/", form_with_a_real_token)]
