"""mkdocs_glue"""
