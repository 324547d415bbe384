export const calendar = {
};
