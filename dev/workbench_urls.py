"""The workbench's pages, and the course outline (`/course/`, see `course_outline.py`)."""

from course_outline import urlpatterns as course
from workbench.urls import urlpatterns as workbench

urlpatterns = [*course, *workbench]
