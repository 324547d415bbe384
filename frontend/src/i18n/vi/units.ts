export const units = {
};
