/** The absolute path of the cfnlint-lock binary for this platform; throws when there is none. */
export declare function findBinary(): string;
/** The same path, as a property. */
export declare const binaryPath: string;
