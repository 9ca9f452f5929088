-- AlterEnum
ALTER TYPE "MeteringSubscriptionStatus" ADD VALUE 'SUSPENDED';
