/** shipshape's version as the SBOM's creator tool and the provenance's builder name it (kept equal to package.json's by a unit test). */
export const SHIPSHAPE_VERSION = '0.1.0';
