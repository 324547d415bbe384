export const inspections = {
};
