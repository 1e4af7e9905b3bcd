"""Reference mesh area and volume of the IBSI-1 masks with scikit-image (outside reference for test/radiomics-mesh.test.ts).

Run: /usr/bin/python3 test/reference/skimage_mesh.py   (Debian: apt-get install python3-skimage python3-nibabel)
Mask padded with one zero voxel on every side, level 0.5, spacing from the NIfTI header; area from
measure.mesh_surface_area, volume = |sum of signed tetrahedra a . (b x c) / 6| over the triangles.
Also a random mask (every cube configuration occurs) from a 32-bit LCG that the test reimplements:
x <- (1664525 x + 1013904223) mod 2^32, x0 = seed, voxel inside when x >> 31 (i fastest, then j, then k).
"""
import os
import sys

import nibabel
import numpy as np
import skimage
from skimage import measure

DATA = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'ibsi1')
CASES = [('digital_phantom', 'digital_phantom/mask/mask.nii.gz'), ('ct_phantom', 'ct_phantom/mask/mask.nii.gz')]


def mesh_measures(mask, spacing, method):
    padded = np.pad((mask > 0.5).astype(np.float64), 1)
    verts, faces, _, _ = measure.marching_cubes(padded, level=0.5, spacing=spacing, method=method)
    area = measure.mesh_surface_area(verts, faces)
    a, b, c = verts[faces[:, 0]], verts[faces[:, 1]], verts[faces[:, 2]]
    volume = abs(np.einsum('ij,ij->i', a, np.cross(b, c)).sum() / 6.0)
    return area, volume, len(faces)


print(f'scikit-image {skimage.__version__}, numpy {np.__version__}, nibabel {nibabel.__version__}, python {sys.version.split()[0]}')
for name, rel in CASES:
    img = nibabel.load(os.path.join(DATA, rel))
    mask = np.round(np.asarray(img.dataobj, dtype=np.float32))
    spacing = tuple(float(s) for s in img.header.get_zooms()[:3])
    print(f'{name}: shape {mask.shape}, spacing {spacing}, voxels {int((mask > 0.5).sum())}')
    for method in ('lewiner', 'lorensen'):
        area, volume, nf = mesh_measures(mask, spacing, method)
        print(f'  {method}: area {area!r}, volume {volume!r}, triangles {nf}')


def lcg_mask(size, seed):
    x = seed
    out = np.zeros(size[0] * size[1] * size[2], np.float64)
    for n in range(out.size):
        x = (1664525 * x + 1013904223) % 2**32
        out[n] = x >> 31
    return out.reshape(size[::-1]).transpose(2, 1, 0)  # [i, j, k], i fastest in the flat order


for size, seed, spacing in (((12, 10, 8), 7, (0.7, 1.1, 2.5)), ((12, 10, 8), 7, (2.0, 2.0, 2.0))):
    mask = lcg_mask(size, seed)
    print(f'random {size} seed {seed}, spacing {spacing}, voxels {int(mask.sum())}')
    for method in ('lewiner', 'lorensen'):
        area, volume, nf = mesh_measures(mask, spacing, method)
        print(f'  {method}: area {area!r}, volume {volume!r}, triangles {nf}')
