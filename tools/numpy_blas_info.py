"""Prints which BLAS numpy runs here and with which kernels, for BENCHMARKS.md's header."""
import numpy
import threadpoolctl

numpy.ones(2) @ numpy.ones(2)  # loads the BLAS library
print("; ".join(f"{i['internal_api']} {i['version']} ({i.get('architecture', '?')} kernels, {i['num_threads']} threads)"
                for i in threadpoolctl.threadpool_info()) or "no BLAS found")
