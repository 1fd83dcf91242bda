// Kept equal to package.json's version by a test; a constant keeps JSON out of the bundle.
export const ACTION_NAME = 'siteleaf-publish';
export const ACTION_VERSION = '1.0.0';
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;
