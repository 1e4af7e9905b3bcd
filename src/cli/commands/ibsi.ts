import { toCsv } from '../../util/csv.js';
import { ibsiConfig, IBSI_CONFIG_IDS } from '../../radiomics/ibsi/config.js';
import { ibsiFeatures } from '../../radiomics/ibsi/index.js';
import { emit, parseCommandArgs, usageError, type Command } from '../command.js';

const usage = `Usage: alnm ibsi --config digital|A|B|C|D|E --image IMAGE --mask MASK [--label N] [--out FILE.csv]

Compute the IBSI chapter-1 features with the image processing of one IBSI reference configuration
(digital phantom, or CT phantom configurations A-E) and write CSV columns ibsi_code,aggr_method,value
(aggr_method spelled as in the IBSI reference values; empty for non-texture features).
  --config digital   the 5x4x4 digital phantom: no processing
  --config A         CT: 2D, no interpolation, range [-500, 400] HU, FBS 25 HU
  --config B         CT: 2D, bilinear in-plane to 2 x 2 mm, range [-500, 400] HU, FBN 32 bins
  --config C         CT: 3D, trilinear to 2 mm isotropic, range [-1000, 400] HU, FBS 25 HU (IVH: FBS 2.5 HU)
  --config D         CT: 3D, trilinear to 2 mm, outliers mean +/- 3 SD, FBN 32 bins
  --config E         CT: 3D, tricubic spline to 2 mm, range [-1000, 400] HU and mean +/- 3 SD, FBN 32 bins
                     (IVH: 1000 bins)
  B-E round interpolated intensities to integers and interpolate the ROI (bi/trilinear) with partial-volume
  threshold 0.5, on the IBSI grid (centres aligned).
  --label N   mask label of the ROI (default 1)
  --out FILE  write the CSV here (atomically) instead of to stdout`;

export const command: Command = {
  name: 'ibsi',
  summary: 'IBSI-1 features of an image and mask under an IBSI reference configuration',
  usage,
  async run(argv) {
    const { values } = parseCommandArgs(this, argv, {
      config: { type: 'string' },
      image: { type: 'string' },
      mask: { type: 'string' },
      label: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.config) throw usageError(this, `--config is required (${IBSI_CONFIG_IDS.join(', ')})`);
    if (!IBSI_CONFIG_IDS.includes(values.config as never)) throw usageError(this, `unknown --config "${values.config}" (use one of ${IBSI_CONFIG_IDS.join(', ')})`);
    if (!values.image || !values.mask) throw usageError(this, '--image and --mask are required');
    const label = values.label === undefined ? 1 : Number(values.label);
    if (!Number.isInteger(label)) throw usageError(this, `--label must be an integer (got "${values.label}")`);
    const rows = await ibsiFeatures(values.image, values.mask, ibsiConfig(values.config).id, { label });
    await emit(toCsv([['ibsi_code', 'aggr_method', 'value'], ...rows.map((r) => [r.code, r.aggr, r.value])]), values.out);
    return 0;
  },
};
