export const charts = {
};
