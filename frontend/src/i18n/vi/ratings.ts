export const ratings = {
};
