// Pages of this part of the console (see app.js for the page shape).
export default [];
