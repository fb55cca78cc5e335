-- One database and owner role per service (password = name; change for anything but a laptop).
create role signing login password 'signing';   create database signing owner signing;
create role campaign login password 'campaign'; create database campaign owner campaign;
create role health login password 'health';     create database health owner health;
create role rollback login password 'rollback'; create database rollback owner rollback;
create role audit login password 'audit';       create database audit owner audit;
