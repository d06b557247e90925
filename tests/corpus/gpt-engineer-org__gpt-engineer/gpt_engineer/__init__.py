# Adding convenience imports to the package

# from gpt_engineer.tools import code_vector_repository
# from gpt_engineer.core.default import on_disk_repository
