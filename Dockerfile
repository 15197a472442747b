# The citykg API (and CLI) image; docker-compose.yml runs it against Neo4j 5.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY extract/ extract/
COPY graph/ graph/
COPY api/ api/
COPY cypher/ cypher/
COPY citykg/ citykg/
# One package, citykg, with the Cypher files and extraction data inside: nothing is read from /app.
RUN pip install . && useradd --create-home --uid 10001 citykg

USER citykg
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]
CMD ["citykg", "serve", "--host", "0.0.0.0", "--port", "8000"]
