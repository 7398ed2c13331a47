from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from .models import Municipality, NewsItem


class NewsFeed(Feed):
    """RSS of the latest published news."""

    link = reverse_lazy("portal:news_list")
    language = "es-co"

    def get_object(self, request, *args, **kwargs):
        return Municipality.current()

    def title(self, municipality):
        return f"Noticias del municipio de {municipality.name}"

    def description(self, municipality):
        return (
            f"Noticias de la Alcaldía, la Personería y el Concejo de {municipality.name}, "
            f"{municipality.department}."
        )

    def items(self):
        return NewsItem.objects.published().select_related("entity")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.entity.name
