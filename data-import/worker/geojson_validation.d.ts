declare module 'geojson-validation' {
  /** With `trace` true, the functions return the list of problems ([] when valid). */
  const validation: {
    isFeature(value: unknown, trace: true): string[] | boolean;
    valid(value: unknown, trace: true): string[] | boolean;
  };
  export default validation;
}
