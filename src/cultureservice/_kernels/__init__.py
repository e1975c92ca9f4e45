"""Numba kernels: loops over plain numeric arrays, no Python objects, no I/O.

Only :mod:`cultureservice._kernels._jit` calls numba's decorators; every kernel
uses ``cache=True`` so a warm process loads compiled code from disk.
"""
