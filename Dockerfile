FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools ./tools
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV NODE_ENV=production
CMD ["node", "dist/apps/all-in-one/src/main.js"]
