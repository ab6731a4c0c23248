/** The datagen connector's version, reported by GET /connector-plugins (the package's version). */
export const VERSION = '0.1.0';
